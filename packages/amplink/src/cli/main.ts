console.log('amplink');
